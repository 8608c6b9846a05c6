import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

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
