import { automationControl } from '@/lib/http/automationControl';

export const POST = automationControl('stopped');
