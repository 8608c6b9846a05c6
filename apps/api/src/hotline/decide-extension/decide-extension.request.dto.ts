import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class DecideExtensionRequest {
  @ApiProperty()
  @IsBoolean()
  approved!: boolean;

  @ApiPropertyOptional({ example: '已电话联系' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
