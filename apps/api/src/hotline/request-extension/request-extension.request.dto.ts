import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

export class RequestExtensionRequest {
  @ApiProperty({ example: '不属于本街道管辖' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ example: 10, description: 'Working days asked for' })
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays!: number;
}
