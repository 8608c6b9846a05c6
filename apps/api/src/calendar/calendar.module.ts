import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service.js';
import { GetCalendarController } from './get-calendar/get-calendar.http.controller.js';

/** The working calendar in use (the admin's changes are in HotlineModule, which revises tickets after them). */
@Module({
  controllers: [GetCalendarController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
