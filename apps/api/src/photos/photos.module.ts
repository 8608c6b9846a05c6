import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PhotoAccess } from './photo-access.service.js';
import { PhotoLinks } from './photo-links.interceptor.js';
import { PhotosController } from './photos.http.controller.js';

/** Photo storage for findings and checks (DATA_DIR/photos), shown in the scope of the cases they belong to. */
@Module({
  controllers: [PhotosController],
  providers: [PhotoAccess, { provide: APP_INTERCEPTOR, useClass: PhotoLinks }],
})
export class PhotosModule {}
