import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNIT_KINDS, type UnitKind } from '#directory';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RegisterUnitRequest {
  @ApiProperty({ example: 'enforcement', description: 'Stable id: letters, digits and hyphens' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, {
    message: 'unitId must be lower-case letters, digits and hyphens (at most 48)',
  })
  unitId!: string;

  @ApiProperty({ example: '南京西路城管中队' })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiPropertyOptional({
    type: [String],
    example: ['04-05', '04-06'],
    description: 'Category codes it usually handles',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  categories?: string[];
}
