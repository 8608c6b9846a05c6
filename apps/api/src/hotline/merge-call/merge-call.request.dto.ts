import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CallerDto } from '../receive-ticket/receive-ticket.request.dto.js';

export class MergeCallRequest {
  @ApiProperty({ example: 'HL2026112700456', description: 'The 12345 number of the repeat call' })
  @Matches(/^[\w.\-/]{1,64}$/, { message: 'callTicketNo must be 1 to 64 letters, digits or . _ - /' })
  callTicketNo!: string;

  @ApiProperty({ example: '2026-11-27T11:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO-8601 time' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'receivedAt must carry an offset' })
  receivedAt!: string;

  @ApiPropertyOptional({ type: CallerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallerDto)
  caller?: CallerDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
