import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The district platform's answer to an extension the street forwarded (integration account only). */
export class DecideUpstreamExtensionRequest {
  @ApiProperty({ description: 'Whether the district grants the extension' })
  @IsBoolean()
  granted!: boolean;

  @ApiPropertyOptional({
    example: '2026-03-23T17:00:00+08:00',
    description:
      "The district's new deadline; without it, the extended total (15 working days) counted from receipt. Never " +
      'earlier than the current one (422 TICKET.GRANT_EARLIER).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;

  @ApiProperty({ example: '涉及多部门协调，同意延期' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
