/** Query keys of direct messages; a signal on the person's own topic invalidates them all. */
export const messagesKey = ['messages'] as const;
export const conversationListKey = [...messagesKey, 'conversations'] as const;
export const conversationKey = (id: string) => [...messagesKey, 'conversation', id] as const;
export const conversationMessagesKey = (id: string) =>
  [...messagesKey, 'conversation', id, 'messages'] as const;
export const unreadMessagesKey = [...messagesKey, 'unread'] as const;
export const messageSearchKey = (q: string) => [...messagesKey, 'search', q] as const;
export const blockListKey = [...messagesKey, 'blocks'] as const;
export const recipientKey = (id: string) => [...messagesKey, 'recipient', id] as const;
export const messagingPolicyKey = [...messagesKey, 'policy'] as const;
export const messageReportsKey = ['message-reports'] as const;
