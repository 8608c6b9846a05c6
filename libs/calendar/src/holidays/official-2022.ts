import type { OfficialYearSchedule } from '../holiday-schedule.js';

/** 2022, as announced. (2022-12-31 belongs to the 2023 notice's 元旦.) */
export const OFFICIAL_2022: OfficialYearSchedule = {
  year: 2022,
  sources: [
    {
      title: '国务院办公厅关于2022年部分节假日安排的通知',
      documentNumber: '国办发明电〔2021〕11号',
      issued: '2021-10-25',
      url: 'http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm',
    },
  ],
  holidays: [
    { name: '元旦', from: '2022-01-01', to: '2022-01-03' },
    { name: '春节', from: '2022-01-31', to: '2022-02-06' },
    { name: '清明节', from: '2022-04-03', to: '2022-04-05' },
    { name: '劳动节', from: '2022-04-30', to: '2022-05-04' },
    { name: '端午节', from: '2022-06-03', to: '2022-06-05' },
    { name: '中秋节', from: '2022-09-10', to: '2022-09-12' },
    { name: '国庆节', from: '2022-10-01', to: '2022-10-07' },
  ],
  makeUpWorkdays: [
    { date: '2022-01-29', for: '春节' },
    { date: '2022-01-30', for: '春节' },
    { date: '2022-04-02', for: '清明节' },
    { date: '2022-04-24', for: '劳动节' },
    { date: '2022-05-07', for: '劳动节' },
    { date: '2022-10-08', for: '国庆节' },
    { date: '2022-10-09', for: '国庆节' },
  ],
};
