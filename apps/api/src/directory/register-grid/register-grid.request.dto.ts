import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GridLevel } from '#directory';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const ID = /^[a-z0-9][a-z0-9-]{0,47}$/;

export class RegisterGridRequest {
  @ApiProperty({ example: 'g1-01' })
  @Matches(ID, { message: 'gridId must be lower-case letters, digits and hyphens (at most 48)' })
  gridId!: string;

  @ApiProperty({ example: '第一综合网格1号单元网格' })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ['unit', 'comprehensive'], description: '单元网格 or 综合网格' })
  @IsIn(['unit', 'comprehensive'])
  level!: GridLevel;

  @ApiPropertyOptional({ example: 'g1' })
  @IsOptional()
  @Matches(ID, { message: 'parentGridId must be a grid id' })
  parentGridId?: string;

  @ApiPropertyOptional({ example: 'committee-huaye', description: 'The 居委 whose area it is' })
  @IsOptional()
  @Matches(ID, { message: 'committeeUnitId must be a unit id' })
  committeeUnitId?: string;

  @ApiPropertyOptional({ type: [String], example: ['inspector-g1-01'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  inspectorIds?: string[];
}
