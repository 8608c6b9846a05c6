import { ApiProperty } from '@nestjs/swagger';
import { EXCLUSION_KINDS, type ExclusionKind, HOTLINE_RATE_NAMES, type HotlineRateName } from '#hotline';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** 考核剔除: the rates of the district's assessment a ticket is to be taken out of, and why. */
export class RequestExclusionRequest {
  @ApiProperty({
    enum: EXCLUSION_KINDS,
    description: '不合理诉求 unreasonable, 超出职权 outside-powers, 重复工单 duplicate, 其他 other',
  })
  @IsIn(EXCLUSION_KINDS)
  kind!: ExclusionKind;

  @ApiProperty({ example: '诉求人要求拆除合法建筑，属不合理诉求', minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({
    enum: HOTLINE_RATE_NAMES,
    isArray: true,
    example: ['satisfaction', 'resolution'],
    description: 'The rates of GET /stats/hotline to leave the ticket out of: at least one, each once',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(HOTLINE_RATE_NAMES, { each: true })
  rates!: HotlineRateName[];
}
