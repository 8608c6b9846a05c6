import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

const SATISFACTION = ['satisfied', 'basically-satisfied', 'dissatisfied'] as const;
type SatisfactionValue = (typeof SATISFACTION)[number];

/** Shanghai's 12345 callback rates three aspects of the handling, each as a satisfaction value. */
export class CallbackRatingsDto {
  @ApiPropertyOptional({ enum: SATISFACTION, description: '办理效率' })
  @IsOptional()
  @IsIn(SATISFACTION)
  efficiency?: SatisfactionValue;

  @ApiPropertyOptional({ enum: SATISFACTION, description: '服务态度' })
  @IsOptional()
  @IsIn(SATISFACTION)
  attitude?: SatisfactionValue;

  @ApiPropertyOptional({ enum: SATISFACTION, description: '办理结果' })
  @IsOptional()
  @IsIn(SATISFACTION)
  result?: SatisfactionValue;
}

/** The property may be given only on the official 12345 callback (`by: hotline`). */
function OnlyOnHotlineCallback() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyOnHotlineCallback',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} come with the 12345 callback only (by: hotline)` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || (args.object as { by?: unknown }).by === 'hotline',
      },
    });
}

export class RecordCallbackRequest {
  @ApiProperty({ enum: ['street', 'hotline'], description: '街道回访 or the official 12345 callback' })
  @IsIn(['street', 'hotline'])
  by!: 'street' | 'hotline';

  @ApiProperty({ enum: ['reached', 'unreachable', 'refused'] })
  @IsIn(['reached', 'unreachable', 'refused'])
  outcome!: 'reached' | 'unreachable' | 'refused';

  @ApiPropertyOptional({ enum: SATISFACTION })
  @IsOptional()
  @IsIn(SATISFACTION)
  satisfaction?: SatisfactionValue;

  @ApiPropertyOptional({ description: 'Whether the citizen says the matter is resolved' })
  @IsOptional()
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional({
    type: CallbackRatingsDto,
    description:
      'The 12345 callback only (by: hotline): its ratings of efficiency (办理效率), attitude (服务态度) and result (办理结果)',
  })
  @IsOptional()
  @OnlyOnHotlineCallback()
  @ValidateNested()
  @Type(() => CallbackRatingsDto)
  ratings?: CallbackRatingsDto;

  @ApiPropertyOptional({ example: '已电话联系' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
