import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ParkTicketRequest {
  @ApiProperty({ example: '不属于本街道管辖' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
