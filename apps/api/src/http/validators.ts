import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

const DAY = /^\d{4}-\d\d-\d\d$/;

/** Whether a string is a day of the calendar as in 2026-03-01 (not 2026-02-30, not 2026-13-01). */
export function isCalendarDay(value: unknown): boolean {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A day of the calendar (`2026-03-01`), with the message given. */
export function IsCalendarDay(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDay',
    validator: { validate: isCalendarDay, defaultMessage: () => message },
  });
}

/** Photos as ids or URLs of stored files: at most 20, each at most 500 characters. */
export function PhotoList(options: {
  readonly required: boolean;
  readonly description?: string;
}): PropertyDecorator {
  const description = options.description ?? 'Ids or URLs of stored photos';
  return applyDecorators(
    ...(options.required
      ? [ApiProperty({ type: [String], description })]
      : [ApiPropertyOptional({ type: [String], description }), IsOptional()]),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    MaxLength(500, { each: true }),
  );
}
