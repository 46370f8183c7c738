import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import type { LaneViewMessage, TripPlacement } from '@borderflow/contracts';
import { LaneActionDialog } from './lane-action-dialog.tsx';
import type { LaneActionInput } from './lane-actions.ts';
import { ApiError } from '../../api/api-error.ts';
import { renderWithApp } from '../../testing/render-app.tsx';

const lane = {
  id: 'KT-X1', status: 'open', occupancy: 'inspecting',
  trip: { id: 'trip-1', plate: '24C12345' } as TripPlacement,
} as LaneViewMessage;

describe('LaneActionDialog', () => {
  it('asks for a reason before pausing, offering common ones', async () => {
    const sent: LaneActionInput[] = [];
    const { user } = renderWithApp(<LaneActionDialog lane={lane} action="pause" onClose={() => undefined} onSubmit={async (i) => void sent.push(i)} />, { locale: 'en' });
    expect(screen.getByRole('dialog', { name: 'Pause lane KT-X1' })).toBeTruthy();
    await user.click(screen.getByTestId('dialog-submit'));
    expect(screen.getByTestId('dialog-error').textContent).toBe('Reason is required');
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Break' }));
    await user.click(screen.getByTestId('dialog-submit'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ reason: 'Break' });
    expect(sent[0]!.commandId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('completes with an outcome picked by key and a note, and keeps the server’s refusal in view', async () => {
    const sent: LaneActionInput[] = [];
    const { user } = renderWithApp(
      <LaneActionDialog
        lane={lane}
        action="complete"
        onClose={() => undefined}
        onSubmit={async (i) => {
          sent.push(i);
          throw new ApiError(409, 'LANE_WRONG_STATE', 'lane KT-X1 is idle, no inspection to complete', 'laneId');
        }}
      />,
      { locale: 'vi' },
    );
    await user.click(screen.getByTestId('dialog-submit'));
    expect(screen.getByTestId('dialog-error').textContent).toMatch(/^Kết quả phải là một trong: /);
    await user.keyboard('2');
    expect((screen.getByRole('radio', { name: /Giữ lại/ }) as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByLabelText('Ghi chú (không bắt buộc)'), 'Niêm phong hỏng');
    await user.click(screen.getByTestId('dialog-submit'));
    await waitFor(() => expect(screen.getByTestId('dialog-error').textContent).toBe('Làn không ở trạng thái phù hợp: lane KT-X1 is idle, no inspection to complete'));
    expect(sent[0]).toMatchObject({ outcome: 'held', note: 'Niêm phong hỏng' });
  });

  it.each([
    ['vi', 'Máy chủ không thực hiện thao tác này'],
    ['en', 'The server did not do this'],
    ['zh', '服务器未执行此操作'],
  ] as const)('never shows a server code as the message (%s): an unknown code and a code-only message read as words', async (locale, words) => {
    const { user } = renderWithApp(
      <LaneActionDialog
        lane={lane}
        action="no_show"
        onClose={() => undefined}
        onSubmit={async () => {
          throw new ApiError(409, 'lane_paused' as never, 'lane_paused', null);
        }}
      />,
      { locale },
    );
    await user.click(screen.getByTestId('dialog-submit'));
    await waitFor(() => expect(screen.getByTestId('dialog-error').textContent).toBe(words));
  });

  it('closes on Escape', async () => {
    let closed = false;
    const { user } = renderWithApp(<LaneActionDialog lane={lane} action="no_show" onClose={() => (closed = true)} onSubmit={async () => undefined} />, { locale: 'en' });
    expect(screen.getByRole('dialog').textContent).toContain('Truck 24C-123.45 was called to lane KT-X1');
    await user.keyboard('{Escape}');
    expect(closed).toBe(true);
  });
});
