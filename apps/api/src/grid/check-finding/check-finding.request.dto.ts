import { PhotoList } from '../../http/validators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class CheckFindingRequest {
  @ApiProperty({ description: 'Passed closes the finding (结案); failed sends it back for rework (返工)' })
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @PhotoList({ required: false, description: 'Ids or URLs of stored photos' })
  photos?: string[];
}
