import 'reflect-metadata';
import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { FieldError } from './problem-details.js';

/** A request body or query that failed validation; the filter turns it into a 400 with `errors`. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super('The request is not valid');
  }
}

/** Flattens class-validator's nested errors into dotted field paths, one message per constraint. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

type DtoClass = abstract new (...args: never[]) => unknown;

/** Per DTO class, its properties validated as a nested object of a class: read from the metadata once per class. */
const nestedObjects = new WeakMap<
  DtoClass,
  readonly { readonly propertyName: string; readonly type: DtoClass }[]
>();

function nestedObjectsOf(
  metatype: DtoClass,
): readonly { readonly propertyName: string; readonly type: DtoClass }[] {
  let found = nestedObjects.get(metatype);
  if (!found) {
    const names = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', true, false)
        .filter((metadata) => metadata.type === 'nestedValidation')
        .map((metadata) => metadata.propertyName),
    );
    found = [...names].flatMap((propertyName) => {
      const declared = Reflect.getMetadata(
        'design:type',
        metatype.prototype as object,
        propertyName,
      ) as unknown;
      return typeof declared !== 'function' || declared === Array || declared === Object
        ? []
        : [{ propertyName, type: declared as DtoClass }];
    });
    nestedObjects.set(metatype, found);
  }
  return found;
}

/**
 * The nested objects of a DTO (`@ValidateNested()` on a property declared as a class) sent as arrays. class-validator
 * validates each element of an array there and so accepts `category: [{…}]` for `category: {…}`; this refuses it.
 */
export function arraysForObjects(metatype: DtoClass, value: unknown, parent = ''): FieldError[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const errors: FieldError[] = [];
  for (const { propertyName, type } of nestedObjectsOf(metatype)) {
    const field = parent ? `${parent}.${propertyName}` : propertyName;
    const inner = (value as Record<string, unknown>)[propertyName];
    if (Array.isArray(inner)) errors.push({ field, message: `${field} must be an object, not an array` });
    else errors.push(...arraysForObjects(type, inner, field));
  }
  return errors;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    // A body a DTO describes is a JSON object: `null` (which would pass as an empty body), a number or a string not.
    if (
      metadata.type === 'body' &&
      typeof metatype === 'function' &&
      ![String, Number, Boolean, Object, Array].includes(metatype as never) &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new RequestValidationError([{ field: '', message: 'the body must be a JSON object' }]);
    }
    if (typeof metatype === 'function' && metadata.type !== 'custom') {
      const errors = arraysForObjects(metatype as DtoClass, value);
      if (errors.length > 0) throw new RequestValidationError(errors);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Strict input: unknown fields are rejected (not silently dropped), values are transformed into the DTO
 * classes, nested objects must be objects (not arrays of them), and every failure names its field.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
