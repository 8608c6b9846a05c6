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
} from 'class-validator';
import { ROLES, type Role } from '#directory';

const USERNAME = /^[a-z0-9._-]{3,64}$/;

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
  @ApiProperty({ example: 'handler-enforcement', description: 'lowercase letters, digits, . _ - (3 to 64)' })
  @Matches(USERNAME, { message: 'username must be 3 to 64 lowercase letters, digits, . _ or -' })
  username!: string;

  @ApiProperty({ example: '城管中队 处置人员' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ description: '8 to 128 characters; stored only as a scrypt hash' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;
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
