import { Module } from '@nestjs/common';
import { DemoCasesSeed } from './demo-cases.seed.js';

/** Demo mode's cases (the directory and accounts are seeded by DirectoryModule). */
@Module({ providers: [DemoCasesSeed] })
export class DemoModule {}
