/** The shared scrolling table region, under the name the administration pages import it by. */
export { TableWrap } from '#web/components/table-wrap.tsx';
