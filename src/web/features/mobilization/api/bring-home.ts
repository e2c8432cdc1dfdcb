import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { HomeShareBody, HomeShareResponse, HomeShareView } from '#shared/contracts/mobilization.ts';
import { api } from '#web/lib/api-client.ts';
import { type HomeSubject, homeSharePath, homeShareKeys } from './home-targets.ts';

export async function bringHome(subject: HomeSubject, body: HomeShareBody): Promise<HomeShareView> {
  return (await api<z.infer<typeof HomeShareResponse>>(homeSharePath(subject), { method: 'POST', body }))
    .data;
}

/** Brings a resource or insight home; the targets are read again (it is now there) and so is the spread. */
export function useBringHome(subject: HomeSubject) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HomeShareBody) => bringHome(subject, body),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: homeShareKeys.targets(subject) });
      void client.invalidateQueries({ queryKey: ['spread'] });
    },
  });
}
