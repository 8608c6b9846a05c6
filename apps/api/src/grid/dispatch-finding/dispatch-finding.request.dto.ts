import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DispatchFindingRequest {
  @ApiProperty({ example: 'enforcement' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
