import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class SubmitReplyRequest {
  @ApiProperty({ enum: ['resolved', 'explained', 'unresolved'], description: '实际解决 / 解释说明 / 未解决' })
  @IsIn(['resolved', 'explained', 'unresolved'])
  result!: 'resolved' | 'explained' | 'unresolved';

  @ApiProperty({ example: '已责令工地22点后停止施工，市民表示认可。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  summary!: string;

  @ApiPropertyOptional({ description: 'The facts were confirmed on site' })
  @IsOptional()
  @IsBoolean()
  factsConfirmed?: boolean;
}
