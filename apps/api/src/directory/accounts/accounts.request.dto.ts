import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role, USERNAME_PATTERN } from '#directory';

/** An identity provider's subject registered in the directory (to disable it): it has no password here. */
export const isExternalUsername = (username: unknown): boolean =>
  typeof username === 'string' && username.startsWith('ext:');

/** The role and scope of an account: a handler's unit, an inspector's grids. */
export class AccountScopeRequest {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for a handler: the unit it works for' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Required for an inspector: the grids it patrols' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  gridIds?: string[];
}

export class RegisterAccountRequest extends AccountScopeRequest {
  @ApiProperty({
    example: 'handler-enforcement',
    description:
      'lowercase letters, digits, . _ - (3 to 64); or ext:<subject> for a subject of the identity provider',
  })
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3 to 64 lowercase letters, digits, . _ or -, or ext:<subject>',
  })
  username!: string;

  @ApiProperty({ example: '城管中队 处置人员' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiPropertyOptional({
    description:
      '8 to 128 characters; stored only as a scrypt hash. Required, except for ext:<subject> (none)',
  })
  @ValidateIf((request: { username?: unknown }) => !isExternalUsername(request.username))
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string;
}

export class DisableAccountRequest {
  @ApiProperty({ example: '离职' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class SetPasswordRequest {
  @ApiProperty()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;
}
