import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
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
