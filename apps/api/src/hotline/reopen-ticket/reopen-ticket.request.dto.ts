import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReopenTicketRequest {
  @ApiProperty({ enum: ['redo', 'supervision', 'recheck'], description: '重办 / 督办 / 回访复核' })
  @IsIn(['redo', 'supervision', 'recheck'])
  kind!: 'redo' | 'supervision' | 'recheck';

  @ApiProperty({ example: '不属于本街道管辖' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
