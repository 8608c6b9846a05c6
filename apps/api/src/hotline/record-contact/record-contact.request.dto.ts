import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CONTACT_PHASES, type ContactPhase } from '#hotline';

export class RecordContactRequest {
  @ApiProperty({
    enum: CONTACT_PHASES,
    description:
      '先行联系 (first), the contact before the reply, or telling the citizen the new date and reason after the ' +
      'district granted an extension (extension-notice)',
  })
  @IsIn(CONTACT_PHASES)
  phase!: ContactPhase;

  @ApiProperty({ enum: ['phone', 'visit', 'sms'] })
  @IsIn(['phone', 'visit', 'sms'])
  channel!: 'phone' | 'visit' | 'sms';

  @ApiProperty({ enum: ['reached', 'unreachable', 'wrong-number', 'refused'] })
  @IsIn(['reached', 'unreachable', 'wrong-number', 'refused'])
  outcome!: 'reached' | 'unreachable' | 'wrong-number' | 'refused';

  @ApiPropertyOptional({ example: '2026-11-27T10:05:00+08:00', description: 'When it happened, if not now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO-8601 time' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'at must carry an offset' })
  at?: string;

  @ApiPropertyOptional({ example: '已电话联系' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
