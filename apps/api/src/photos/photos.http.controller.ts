import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { Clock } from '#core';
import { AppConfig } from '#platform';
import { actorIdOf, type WithPrincipal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { stripPhotoMetadata } from './photo-metadata.js';
import { PhotoAccess } from './photo-access.service.js';

/** The image types a photo may have, and the extension it is stored with. */
const TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};
/** A photo may be this large (the console shrinks a camera's photo to about 1600 px before sending it). */
export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024;
const PHOTO_ID = /^photo-([0-9a-f]{40})\.(jpg|png|webp)$/;

/** Whether the bytes begin as an image of the type claims (a JPEG's SOI, PNG's signature, a RIFF…WEBP header). */
function looksLike(extension: string, bytes: Buffer): boolean {
  switch (extension) {
    case 'jpg':
      return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'webp':
      return (
        bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
        bytes.subarray(8, 12).toString('latin1') === 'WEBP'
      );
    default:
      return false;
  }
}

/** Lets Fastify take a photo's bytes as the body (Nest parses only JSON by default). */
export function acceptPhotoBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    Object.keys(TYPES),
    { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
}

interface PhotoRequest extends WithPrincipal {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
}

/**
 * Photos of findings and checks: the bytes go to `POST /photos` (content-type image/jpeg, png or webp) and are stored
 * under DATA_DIR/photos by their SHA-1 (the same photo twice is one file); the answer's `id` is what a command's
 * `photos[]` carries. `GET /photos/:id` serves one to a signed-in user.
 */
@ApiTags('grid')
@Controller('photos')
export class PhotosController {
  private readonly dir: string;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    @Inject(PhotoAccess) private readonly access: PhotoAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.dir = join(config.dataDir, 'photos');
  }

  @Roles('admin', 'dispatcher', 'handler', 'inspector')
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Store a photo (the body is the image: image/jpeg, image/png or image/webp, ≤ 5 MB)',
  })
  async upload(@Req() request: PhotoRequest): Promise<{ id: string; bytes: number }> {
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const extension = TYPES[type];
    if (!extension || !Buffer.isBuffer(request.body) || !looksLike(extension, request.body)) {
      throw new BadRequestException('The body must be an image (image/jpeg, image/png or image/webp)');
    }
    // EXIF, XMP, IPTC and text chunks (the place, the time, the device) are not kept: the stored image has none.
    const image = stripPhotoMetadata(extension, request.body);
    if (!image) throw new BadRequestException('The image could not be read');
    const account = actorIdOf(request);
    await this.access.charge(account, image.length, this.clock.now());
    const id = `photo-${createHash('sha1').update(image).digest('hex')}.${extension}`;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Durable before the 201: written to a temporary name, flushed to disk, then renamed into place.
    const temporary = join(this.dir, `.${id}.${process.pid}.tmp`);
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(image);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(this.dir, id));
    await this.access.recordUpload(id, account);
    return { id, bytes: image.length };
  }

  @Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
  @Get(':id')
  @ApiOperation({
    summary: 'A stored photo: to the center, its uploader, and whoever may see a case it is attached to',
  })
  async photo(
    @Param('id') id: string,
    @Req() request: PhotoRequest,
    @Res({ passthrough: true }) reply: { type(value: string): unknown },
  ): Promise<StreamableFile> {
    const match = PHOTO_ID.exec(id);
    // Only in the scope of the cases it belongs to (or to its uploader): otherwise it does not exist for the caller.
    if (!match || !(await this.access.maySee(request.principal, id)))
      throw new NotFoundException('No such photo');
    const bytes = await readFile(join(this.dir, id)).catch(() => undefined);
    if (!bytes) throw new NotFoundException('No such photo');
    reply.type(CONTENT_TYPES[match[2]!]!);
    return new StreamableFile(bytes);
  }
}
