import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class RecordCallbackRequest {
  @ApiProperty({ enum: ['street', 'hotline'], description: '街道回访 or the official 12345 callback' })
  @IsIn(['street', 'hotline'])
  by!: 'street' | 'hotline';

  @ApiProperty({ enum: ['reached', 'unreachable', 'refused'] })
  @IsIn(['reached', 'unreachable', 'refused'])
  outcome!: 'reached' | 'unreachable' | 'refused';

  @ApiPropertyOptional({ enum: ['satisfied', 'basically-satisfied', 'dissatisfied'] })
  @IsOptional()
  @IsIn(['satisfied', 'basically-satisfied', 'dissatisfied'])
  satisfaction?: 'satisfied' | 'basically-satisfied' | 'dissatisfied';

  @ApiPropertyOptional({ description: 'Whether the citizen says the matter is resolved' })
  @IsOptional()
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional({ example: '已电话联系' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
