import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TICKET_TYPES, type TicketType, type Urgency } from '#hotline';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
} from 'class-validator';

/** An ISO-8601 instant with an explicit offset (`Z` or `+08:00`): a bare local time would be ambiguous. */
const WITH_OFFSET = /(Z|[+-]\d\d:\d\d)$/;

export class CategoryDto {
  @ApiProperty({ example: '01.03.02', description: 'The category code of the 12345 catalogue' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  code!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['城市管理', '市容环境', '噪声扰民'],
    description: 'Up to 5 levels',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  path?: string[];
}

export class LocationDto {
  @ApiProperty({ example: 31.2304 })
  @IsLatitude()
  lat!: number;

  @ApiProperty({ example: 121.4737 })
  @IsLongitude()
  lng!: number;
}

export class CallerDto {
  @ApiPropertyOptional({
    example: '王先生',
    description: 'Often a surname only; kept in the personal-data vault',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({
    example: '13812341234',
    description: 'One or two numbers; kept in the vault, shown masked',
  })
  @IsOptional()
  @Matches(/^[\d\s+\-()/,，]{3,40}$/, { message: 'phone must be digits (one or two numbers)' })
  phone?: string;

  @ApiProperty({ description: '是否保密: level-4 units must not see the caller at all' })
  @IsBoolean()
  confidential!: boolean;
}

export class ReceiveTicketRequest {
  @ApiProperty({ example: 'HL2026112700123', description: '工单编号: the 12345 number, unique' })
  @IsString()
  @Matches(/^[\w.\-/]{1,64}$/, { message: 'ticketNo must be 1 to 64 letters, digits or . _ - /' })
  ticketNo!: string;

  @ApiProperty({ example: '2026-11-27T09:15:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO-8601 time' })
  @Matches(WITH_OFFSET, { message: 'receivedAt must carry an offset, as in 2026-11-27T09:15:00+08:00' })
  receivedAt!: string;

  @ApiProperty({ enum: TICKET_TYPES })
  @IsIn(TICKET_TYPES)
  type!: TicketType;

  @ApiProperty({ enum: ['normal', 'urgent'] })
  @IsIn(['normal', 'urgent'])
  urgency!: Urgency;

  @ApiProperty({ type: CategoryDto })
  @IsDefined({ message: 'category is required' })
  @ValidateNested()
  @Type(() => CategoryDto)
  category!: CategoryDto;

  @ApiProperty({ example: '夜间施工噪声扰民' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '市民反映威海路某工地每晚22点后仍在施工，噪声很大，要求处理。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  content!: string;

  @ApiProperty({ example: '静安区威海路100号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  address!: string;

  @ApiPropertyOptional({ example: 'phone', description: '来源渠道: phone, web, wechat, app (随申办), …' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  channel?: string;

  @ApiPropertyOptional({ example: 'g2-03' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: 'gridId must be a grid id' })
  gridId?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ type: CallerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallerDto)
  caller?: CallerDto;

  @ApiPropertyOptional({ example: '2026-12-04T17:30:00+08:00', description: 'The district’s own deadline' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'upstreamDueAt must be an ISO-8601 time' })
  @Matches(WITH_OFFSET, { message: 'upstreamDueAt must carry an offset' })
  upstreamDueAt?: string;

  @ApiPropertyOptional({ example: 2, description: '累计拨打' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  repeatCount?: number;
}
