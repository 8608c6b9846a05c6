import { Module } from '@nestjs/common';
import { HotlineModule } from '../hotline/hotline.module.js';
import { CalendarModule } from './calendar.module.js';
import { ChangeCalendarController } from './change-calendar/change-calendar.http.controller.js';

/** Admin changes to the calendar, which revise open tickets afterwards (so it needs both modules). */
@Module({ imports: [CalendarModule, HotlineModule], controllers: [ChangeCalendarController] })
export class CalendarAdminModule {}
