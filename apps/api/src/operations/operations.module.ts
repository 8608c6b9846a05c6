import { Module } from '@nestjs/common';
import { ReadSideModule } from '../read-side/read-side.module.js';
import { MetricsController } from './metrics.http.controller.js';
import { ProjectionStatusService } from './projection-status.service.js';

/** Operations: projection lag and queue depth for the health check and Prometheus. */
@Module({
  imports: [ReadSideModule],
  controllers: [MetricsController],
  providers: [ProjectionStatusService],
  exports: [ProjectionStatusService],
})
export class OperationsModule {}
