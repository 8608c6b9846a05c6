import type { OfficialYearSchedule } from '../holiday-schedule.js';

/** 2023, as announced; its 元旦 starts on Saturday 2022-12-31. */
export const OFFICIAL_2023: OfficialYearSchedule = {
  year: 2023,
  sources: [
    {
      title: '国务院办公厅关于2023年部分节假日安排的通知',
      documentNumber: '国办发明电〔2022〕16号',
      issued: '2022-12-08',
      url: 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
    },
  ],
  holidays: [
    { name: '元旦', from: '2022-12-31', to: '2023-01-02' },
    { name: '春节', from: '2023-01-21', to: '2023-01-27' },
    { name: '清明节', from: '2023-04-05', to: '2023-04-05' },
    { name: '劳动节', from: '2023-04-29', to: '2023-05-03' },
    { name: '端午节', from: '2023-06-22', to: '2023-06-24' },
    { name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06' },
  ],
  makeUpWorkdays: [
    { date: '2023-01-28', for: '春节' },
    { date: '2023-01-29', for: '春节' },
    { date: '2023-04-23', for: '劳动节' },
    { date: '2023-05-06', for: '劳动节' },
    { date: '2023-06-25', for: '端午节' },
    { date: '2023-10-07', for: '中秋节、国庆节' },
    { date: '2023-10-08', for: '中秋节、国庆节' },
  ],
};
