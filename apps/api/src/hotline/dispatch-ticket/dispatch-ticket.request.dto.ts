import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DispatchTicketRequest {
  @ApiProperty({ example: 'enforcement', description: 'The lead unit' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiPropertyOptional({ type: [String], example: ['market'], description: '协办 co-handling units' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { each: true, message: 'coUnitIds must be unit ids' })
  coUnitIds?: string[];

  @ApiPropertyOptional({ example: '已电话联系' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
