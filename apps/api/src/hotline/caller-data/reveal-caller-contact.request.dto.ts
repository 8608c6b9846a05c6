import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class RevealCallerContactRequest {
  @ApiProperty({
    example: '先行联系，电话核实地址',
    description: 'Why the number is needed; recorded with the view',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  reason!: string;

  @ApiPropertyOptional({
    example: '2026030200002',
    description: "A merged call's number; the first call's by default",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.\-/]{1,64}$/, { message: 'callTicketNo must be 1 to 64 letters, digits or . _ - /' })
  callTicketNo?: string;
}
