import { Module } from '@nestjs/common';
import { PhotosController } from './photos.http.controller.js';

/** Photo storage for findings and checks (DATA_DIR/photos). */
@Module({ controllers: [PhotosController] })
export class PhotosModule {}
