import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** The supervisor's decision on a 考核剔除 request. */
export class DecideExclusionRequest {
  @ApiProperty({ description: 'Approve (the ticket leaves the rates requested) or reject the request' })
  @IsBoolean()
  approved!: boolean;

  @ApiPropertyOptional({ example: '经核实属不合理诉求，同意剔除', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
