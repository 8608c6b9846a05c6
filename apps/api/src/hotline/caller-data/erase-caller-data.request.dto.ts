import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class EraseCallerDataRequest {
  @ApiProperty({ example: '保存期满，依《个人信息保护法》第四十七条删除' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}
