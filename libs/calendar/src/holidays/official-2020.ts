import type { OfficialYearSchedule } from '../holiday-schedule.js';

/**
 * 2020. The first notice gave 春节 1-24..1-30 with make-up days 1-19 (Sun) and 2-1 (Sat); the second, during the
 * COVID-19 outbreak, extended 春节 to 2-2 (农历正月初九) with work resuming on Monday 2-3, which turned the 2-1
 * make-up Saturday into a day off. The data below is the schedule as amended.
 */
export const OFFICIAL_2020: OfficialYearSchedule = {
  year: 2020,
  sources: [
    {
      title: '国务院办公厅关于2020年部分节假日安排的通知',
      documentNumber: '国办发明电〔2019〕16号',
      issued: '2019-11-21',
      url: 'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm',
    },
    {
      title: '国务院办公厅关于延长2020年春节假期的通知',
      documentNumber: '国办发明电〔2020〕1号',
      issued: '2020-01-27',
      url: 'http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
    },
  ],
  holidays: [
    { name: '元旦', from: '2020-01-01', to: '2020-01-01' },
    { name: '春节', from: '2020-01-24', to: '2020-02-02' },
    { name: '清明节', from: '2020-04-04', to: '2020-04-06' },
    { name: '劳动节', from: '2020-05-01', to: '2020-05-05' },
    { name: '端午节', from: '2020-06-25', to: '2020-06-27' },
    { name: '国庆节、中秋节', from: '2020-10-01', to: '2020-10-08' },
  ],
  makeUpWorkdays: [
    { date: '2020-01-19', for: '春节' },
    { date: '2020-04-26', for: '劳动节' },
    { date: '2020-05-09', for: '劳动节' },
    { date: '2020-06-28', for: '端午节' },
    { date: '2020-09-27', for: '国庆节、中秋节' },
    { date: '2020-10-10', for: '国庆节、中秋节' },
  ],
};
