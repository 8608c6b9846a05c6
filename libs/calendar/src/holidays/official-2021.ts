import type { OfficialYearSchedule } from '../holiday-schedule.js';

/** 2021, as announced. */
export const OFFICIAL_2021: OfficialYearSchedule = {
  year: 2021,
  sources: [
    {
      title: '国务院办公厅关于2021年部分节假日安排的通知',
      documentNumber: '国办发明电〔2020〕27号',
      issued: '2020-11-25',
      url: 'http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm',
    },
  ],
  holidays: [
    { name: '元旦', from: '2021-01-01', to: '2021-01-03' },
    { name: '春节', from: '2021-02-11', to: '2021-02-17' },
    { name: '清明节', from: '2021-04-03', to: '2021-04-05' },
    { name: '劳动节', from: '2021-05-01', to: '2021-05-05' },
    { name: '端午节', from: '2021-06-12', to: '2021-06-14' },
    { name: '中秋节', from: '2021-09-19', to: '2021-09-21' },
    { name: '国庆节', from: '2021-10-01', to: '2021-10-07' },
  ],
  makeUpWorkdays: [
    { date: '2021-02-07', for: '春节' },
    { date: '2021-02-20', for: '春节' },
    { date: '2021-04-25', for: '劳动节' },
    { date: '2021-05-08', for: '劳动节' },
    { date: '2021-09-18', for: '中秋节' },
    { date: '2021-09-26', for: '国庆节' },
    { date: '2021-10-09', for: '国庆节' },
  ],
};
