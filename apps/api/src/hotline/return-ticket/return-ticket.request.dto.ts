import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ReturnTicketRequest {
  @ApiProperty({ example: '不属于本街道管辖' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'true: 退单 back to the district (dispatcher); false or absent: a unit returns it to the center',
  })
  @IsOptional()
  @IsBoolean()
  upstream?: boolean;
}
