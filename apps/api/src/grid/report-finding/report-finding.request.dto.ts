import { PhotoList } from '../../http/validators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORY_KINDS, type CategoryKind, FINDING_SOURCES, type FindingSource } from '#grid';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { LocationDto } from '../../hotline/receive-ticket/receive-ticket.request.dto.js';

export class FindingCategoryDto {
  @ApiProperty({ example: 'GB/T 30428.2-2013', description: 'The standard the code belongs to' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  standard!: string;

  @ApiProperty({ example: '04-05', description: 'major-minor, e.g. 04-05 店外经营 (跨门营业)' })
  @Matches(/^\d{2}-\d{2}$/, { message: 'code must be major-minor, as in 04-05' })
  code!: string;

  @ApiPropertyOptional({
    enum: CATEGORY_KINDS,
    description: '部件 (component) or 事件 (event), where a code is both',
  })
  @IsOptional()
  @IsIn(CATEGORY_KINDS)
  kind?: CategoryKind;
}

export class ReportFindingRequest {
  @ApiProperty({ example: 'g2-03' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'gridId must be a grid id' })
  gridId!: string;

  @ApiProperty({ type: FindingCategoryDto })
  @IsDefined({ message: 'category is required' })
  @ValidateNested()
  @Type(() => FindingCategoryDto)
  category!: FindingCategoryDto;

  @ApiProperty({ example: '奶茶店在门外摆放桌椅经营' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ type: LocationDto })
  @IsDefined({ message: 'location is required' })
  @ValidateNested()
  @Type(() => LocationDto)
  location!: LocationDto;

  @ApiProperty({ enum: FINDING_SOURCES })
  @IsIn(FINDING_SOURCES)
  source!: FindingSource;

  @ApiPropertyOptional({ example: '威海路120号' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @PhotoList({ required: false, description: 'Ids or URLs of stored photos (before)' })
  photos?: string[];

  @ApiPropertyOptional({
    example: 'shop-weihai-120',
    description: 'The shop it is against (跨门营业 红黄牌)',
  })
  @IsOptional()
  @Matches(/^[\w-]{1,64}$/, { message: 'shopId must be 1 to 64 letters, digits, _ or -' })
  shopId?: string;

  @ApiPropertyOptional({ example: '2026-11-27T10:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'foundAt must be an ISO-8601 time' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'foundAt must carry an offset' })
  foundAt?: string;

  @ApiPropertyOptional({ description: '自行处置: fixed on the spot (needs afterPhotos)' })
  @IsOptional()
  @IsBoolean()
  selfHandled?: boolean;

  @PhotoList({ required: false })
  afterPhotos?: string[];
}
