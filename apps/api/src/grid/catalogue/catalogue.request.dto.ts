import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORY_KINDS, type CategoryKind } from '#grid';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class CategoryEntryDto {
  @ApiProperty({ example: 'GB/T 30428.2-2013' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  standard!: string;

  @ApiProperty({ enum: CATEGORY_KINDS })
  @IsIn(CATEGORY_KINDS)
  kind!: CategoryKind;

  @ApiProperty({ example: '04-21' })
  @Matches(/^\d{2}-\d{2}$/, { message: 'code must be major-minor, as in 04-05' })
  code!: string;

  @ApiProperty({ example: '共享单车堆积' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  name!: string;

  @ApiProperty({ example: '共享单车堆积影响通行', description: '立案标准' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  criteria!: string;

  @ApiProperty({
    example: '2h',
    description: 'Handling limit with its clock: m, h, d natural; wh, wd working',
  })
  @Matches(/^\d+(m|h|d|wh|wd)$/, {
    message: 'limit must be a number and a unit (m, h, d, wh, wd), as in 4wh',
  })
  limit!: string;

  @ApiPropertyOptional({ description: 'The major class name, when the code opens a new major class' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  majorName?: string;
}

export class ExtendCatalogueRequest {
  @ApiProperty({ type: [CategoryEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CategoryEntryDto)
  entries!: CategoryEntryDto[];
}
