import { PhotoList } from '../../http/validators.js';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class MarkFindingHandledRequest {
  @ApiProperty({ example: '已清理，恢复原状' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note!: string;

  @PhotoList({ required: true, description: 'Ids or URLs of stored photos' })
  photos!: string[];
}
