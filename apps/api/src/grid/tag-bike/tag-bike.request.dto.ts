import { PhotoList } from '../../http/validators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BikeTagReason } from '#grid';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { LocationDto } from '../../hotline/receive-ticket/receive-ticket.request.dto.js';

export class TagBikeRequest {
  @ApiProperty({ example: 'g1-04' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'gridId must be a grid id' })
  gridId!: string;

  @ApiProperty({ enum: ['badly-parked', 'abandoned'], description: '乱停放 or 僵尸车' })
  @IsIn(['badly-parked', 'abandoned'])
  reason!: BikeTagReason;

  @ApiProperty({ type: LocationDto })
  @IsDefined({ message: 'location is required' })
  @ValidateNested()
  @Type(() => LocationDto)
  location!: LocationDto;

  @ApiPropertyOptional({ example: '南京西路地铁站2号口' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @PhotoList({ required: false })
  photos?: string[];

  @ApiPropertyOptional({ description: 'The grid finding the bike was reported in' })
  @IsOptional()
  @IsUUID()
  findingId?: string;
}
