/** A valid 12345 intake (POST /tickets) in grid g2-03, with no caller: the tickets of the deadline and fault tests. */
export const ticketIntake = (ticketNo: string, receivedAt = '2026-03-02T09:15:00+08:00') => ({
  ticketNo,
  receivedAt,
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '内容',
  address: '威海路100号',
  channel: 'phone',
  gridId: 'g2-03',
});
