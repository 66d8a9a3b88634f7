"""extract_text: a report page that was already turned into plain text elsewhere → the result extract_page returns.

Text dumps of portal pages keep the page chrome as lines of their own: accessibility toggles and site names
at the head, a breadcrumb, the title (often twice, once split over two lines), an info line or 信息索引表
bullets, then the body, then footers (技术支持, CopyRight … 版权所有 … ICP备). This package drops that chrome at
the head and tail only (``lines`` tells what a line is, ``assemble`` decides which lines are chrome), reads the
metadata it carries with the HTML path's functions, and keeps every body line.

Conservative by design: a line in the middle of the body is never dropped, whatever words it contains, and
a head/tail line that reads like prose (long, with sentence punctuation) stops the chrome scan.
"""

from govreports.extract.plaintext.assemble import extract_text, extract_text_bytes

__all__ = ["extract_text", "extract_text_bytes"]
