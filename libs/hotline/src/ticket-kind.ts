/** 诉求类型: 咨询 求助 投诉 举报 建议 其他. */
export type TicketType = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion' | 'other';
/** 是否紧急. */
export type Urgency = 'normal' | 'urgent';
