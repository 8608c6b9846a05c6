import { PhotoList } from '../../http/validators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RemoveBikeRequest {
  @ApiProperty({ example: 'storage-weihai', description: 'The storage point the bike goes to' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  storagePointId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @PhotoList({ required: false })
  photos?: string[];
}

export class BikeNoteRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DisposeBikeRequest {
  @ApiProperty({ example: '回收', description: 'Recycling, auction, scrapping — as the office decides' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  method!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
