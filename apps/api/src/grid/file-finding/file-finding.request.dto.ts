import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { FindingCategoryDto } from '../report-finding/report-finding.request.dto.js';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class FileFindingRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ type: FindingCategoryDto, description: 'Corrects the reported sub-class' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FindingCategoryDto)
  category?: FindingCategoryDto;
}
