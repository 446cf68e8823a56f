# Mẫu báo cáo và yêu cầu báo cáo (phía đơn vị gửi).

rtpl-title = Mẫu báo cáo
rtpl-list-title = Mẫu báo cáo của { $owner }
rtpl-owner-cluster = Ban điều phối { $cluster }
rtpl-back = ← Danh sách mẫu báo cáo
rtpl-back-designer = ← Về trang thiết kế mẫu
rtpl-tabs-label = Lọc theo trạng thái
rtpl-tab-active = Đang dùng
rtpl-tab-archived = Đã lưu trữ
rtpl-search = Tìm theo tên mẫu
rtpl-list-empty = Chưa có mẫu báo cáo nào.
rtpl-col-owner = Đơn vị sở hữu
rtpl-col-updated = Sửa lần cuối
rtpl-col-status = Trạng thái
rtpl-new = Tạo mẫu báo cáo mới
rtpl-name-example = Ví dụ: Thống kê học kì I
rtpl-create = Tạo mẫu và mở trang thiết kế
rtpl-field-name = Tên mẫu
rtpl-field-description = Mô tả
rtpl-requests-link = Các yêu cầu báo cáo
rtpl-templates-link = Các mẫu báo cáo

rtpl-version = Phiên bản { $version }
rtpl-archived = Đã lưu trữ
rtpl-archive = Lưu trữ mẫu
rtpl-restore = Dùng lại mẫu
rtpl-details = Tên, mô tả, lưu trữ, nhập từ tệp
rtpl-save = Lưu
rtpl-add = Thêm
rtpl-remove = Xoá
rtpl-remove-confirm = Xoá phần này khỏi mẫu?
rtpl-field-remove-confirm = Xoá trường này khỏi mẫu?
rtpl-move-up = Lên
rtpl-move-down = Xuống
rtpl-export = Tải định nghĩa (JSON)
rtpl-import = Thay định nghĩa bằng tệp JSON
rtpl-import-help = Tệp JSON tải về từ một mẫu báo cáo. Định nghĩa hiện tại được thay thế; nếu phiên bản hiện tại đã được dùng, một phiên bản mới được tạo.
rtpl-import-button = Nhập tệp
rtpl-preview = Xem trước
rtpl-preview-level = Xem như trường cấp
rtpl-preview-as = Xem như trường { $level }
rtpl-preview-empty = Mẫu chưa có phần nào cho cấp học này.
rtpl-request-new = Tạo yêu cầu báo cáo từ mẫu này
rtpl-request-new-lead = Mẫu: { $template }. Yêu cầu được lưu nháp; trường học chỉ nhận được khi ban hành.
rtpl-frozen-notice = Phiên bản { $version } đã được dùng cho yêu cầu báo cáo nên không thay đổi nữa. Lần sửa tiếp theo sẽ tạo phiên bản { $next }; các yêu cầu đã gửi vẫn giữ phiên bản cũ.
rtpl-error-summary = Chưa lưu được thay đổi:

rtpl-levels = Cấp học
rtpl-levels-all = mọi cấp học
rtpl-levels-help = Để trống nếu áp dụng cho mọi cấp học.
rtpl-levels-new-help = Với bảng, các cấp học đã chọn áp dụng cho các hàng vừa nhập; với trường khác, cho chính trường đó. Để trống nếu áp dụng cho mọi cấp.
rtpl-help-text = Hướng dẫn điền
rtpl-section-add = Thêm phần
rtpl-section-edit = Sửa phần này
rtpl-section-title = Tên phần
rtpl-section-remove = Xoá phần
rtpl-field-add = Thêm trường vào phần này
rtpl-field-edit = Sửa trường
rtpl-field-remove = Xoá trường
rtpl-field-label = Tên trường (nhãn hiển thị)
rtpl-field-kind = Loại trường
rtpl-required = Bắt buộc
rtpl-required-field = Bắt buộc điền
rtpl-min = Nhỏ nhất
rtpl-max = Lớn nhất
rtpl-unit = Đơn vị
rtpl-weight = Trọng số khi cộng gộp
rtpl-weight-help = Trường số cho biết tỉ lệ này tính trên bao nhiêu (ví dụ tổng số học sinh), để tỉ lệ chung là trung bình có trọng số.
rtpl-weight-none = Không có (mỗi trường tính như nhau)
rtpl-max-len = Số kí tự tối đa
rtpl-multiline = Cho phép nhiều dòng
rtpl-options = Các phương án
rtpl-options-help = Mỗi dòng một phương án.
rtpl-options-new-help = Chỉ cho trường lựa chọn: mỗi dòng một phương án.
rtpl-columns = Các cột
rtpl-columns-new-help = Chỉ cho bảng: mỗi dòng tên một cột (cột số nguyên, sửa loại sau).
rtpl-rows = Các hàng
rtpl-rows-new-help = Chỉ cho bảng: mỗi dòng tên một hàng cố định (ví dụ Lớp 1, Lớp 2…). Để trống nếu trường tự thêm hàng.
rtpl-row-mode = Hàng của bảng
rtpl-rows-fixed = Hàng cố định (ví dụ mỗi khối lớp một hàng)
rtpl-rows-open = Trường tự thêm hàng
rtpl-max-rows = Số hàng tối đa (khi trường tự thêm hàng)
rtpl-open-rows = Trường tự thêm hàng, tối đa { $max } hàng.
rtpl-column-label = Tên cột
rtpl-column-kind = Loại cột
rtpl-column-add = Thêm cột
rtpl-row-label = Tên hàng
rtpl-rows-add = Thêm hàng
rtpl-rows-add-help = Mỗi dòng tên một hàng. Chọn cấp học nếu các hàng này chỉ dành cho một số cấp (ví dụ Lớp 1–5 cho tiểu học, Lớp 6–9 cho trung học cơ sở).
rtpl-row-levels = Cấp học của các hàng này

rtpl-kind-integer = Số nguyên
rtpl-kind-decimal = Số thập phân
rtpl-kind-percent = Tỉ lệ phần trăm
rtpl-kind-text = Văn bản
rtpl-kind-choice = Chọn một
rtpl-kind-multi_choice = Chọn nhiều
rtpl-kind-date = Ngày
rtpl-kind-yes_no = Có/Không
rtpl-kind-file = Tệp đính kèm
rtpl-kind-table = Bảng

rtpl-rules = Quy tắc kiểm tra chéo
rtpl-rules-help = Kiểm tra khi trường nộp báo cáo, ví dụ “học sinh nữ ≤ tổng số học sinh” (từng hàng nếu cả hai là cột của cùng một bảng) hoặc “tổng các hàng của cột bằng tổng số”.
rtpl-rules-none = Chưa có quy tắc nào.
rtpl-rules-no-operands = Thêm trường số hoặc bảng có cột số để đặt quy tắc.
rtpl-rule-kind = Loại quy tắc
rtpl-rule-at-most = Không vượt quá (vế trái ≤ vế phải)
rtpl-rule-sum = Tổng bằng (các mục cộng lại bằng tổng)
rtpl-rule-left = Vế trái
rtpl-rule-right = Vế phải
rtpl-rule-parts = Các mục cộng lại (cho quy tắc tổng)
rtpl-rule-total = Bằng tổng (cho quy tắc tổng)
rtpl-rule-add = Thêm quy tắc
rtpl-rule-at-most-text = { $left } ≤ { $right }
rtpl-rule-sum-text = { $parts } = { $total }
rtpl-operand-column = { $table } › { $column } (từng hàng)
rtpl-operand-total = { $table } › tổng cột { $column }

rtpl-indicators = Chỉ số tỉ lệ
rtpl-indicators-help = Tỉ lệ tính từ số liệu cộng gộp: 100 × tổng tử số ÷ tổng mẫu số, nên luôn có trọng số đúng.
rtpl-indicator-label = Tên chỉ số
rtpl-indicator-numerator = Tử số
rtpl-indicator-denominator = Mẫu số
rtpl-indicator-add = Thêm chỉ số
rtpl-indicator-text = { $label } = { $numerator } ÷ { $denominator }

rtpl-versions = Lịch sử phiên bản
rtpl-versions-help = Mỗi yêu cầu báo cáo giữ phiên bản đã dùng khi ban hành, nên số liệu đã nộp không bao giờ đổi theo mẫu.
rtpl-version-col = Phiên bản
rtpl-version-created = Tạo lúc
rtpl-version-state = Tình trạng
rtpl-version-requests = Số yêu cầu
rtpl-version-note = Ghi chú thay đổi
rtpl-version-current = hiện tại
rtpl-version-frozen = Đã dùng, không sửa được
rtpl-version-editable = Còn sửa được

rtpl-hint-min = từ { $value }
rtpl-hint-max = đến { $value }
rtpl-hint-max-len = tối đa { $value } kí tự
rtpl-yes = Có
rtpl-no = Không

rtpl-error-missing = { $name ->
    [title] Tên còn trống
    [label] Tên còn trống
    [name] Tên mẫu còn trống
    [columns] Tên cột còn trống
    [rows] Tên hàng còn trống
   *[other] Ô “{ $name }” còn trống
}: hãy nhập nội dung rồi lưu lại.
rtpl-error-too-long = { $name ->
    [help] Hướng dẫn
    [description] Mô tả
    [options] Một phương án
    [unit] Đơn vị
   *[other] Nội dung
} dài quá { $max } kí tự: hãy rút gọn.
rtpl-error-level = Cấp học “{ $value }” không có: hãy chọn trong danh sách.
rtpl-error-number = { $name ->
    [min] Giá trị nhỏ nhất
    [max] Giá trị lớn nhất
   *[other] Giá trị
} “{ $value }” không phải là số: hãy nhập số như 12 hoặc 12,5, hoặc để trống.
rtpl-error-integer = { $name ->
    [min] Giá trị nhỏ nhất
    [max] Giá trị lớn nhất
    [max_rows] Số hàng tối đa
    [max_len] Số kí tự tối đa
   *[other] Giá trị
} “{ $value }” không phải là số nguyên: hãy nhập số không có phần thập phân.
rtpl-error-min-max = Giá trị nhỏ nhất ({ $min }) lớn hơn giá trị lớn nhất ({ $max }): hãy sửa để nhỏ nhất không vượt quá lớn nhất.
rtpl-error-options-empty = Trường lựa chọn chưa có phương án nào: hãy nhập mỗi dòng một phương án.
rtpl-error-option-repeat = Phương án “{ $value }” bị lặp lại: mỗi phương án chỉ ghi một lần.
rtpl-error-too-many = Có { $count } mục, nhiều hơn mức tối đa { $max }: hãy bớt đi.
rtpl-error-columns-empty = Bảng chưa có cột nào: hãy nhập trong ô “Các cột” mỗi dòng tên một cột.
rtpl-error-rows-empty = Chưa nhập hàng nào: hãy nhập mỗi dòng tên một hàng.
rtpl-error-row-repeat = Hàng “{ $value }” đã có trong bảng: hãy đặt tên khác.
rtpl-error-last-column = Bảng phải còn ít nhất một cột: hãy thêm cột khác trước khi xoá cột này.
rtpl-error-kind = Loại “{ $value }” không có: hãy chọn trong danh sách.
rtpl-error-weight = “{ $value }” không phải là trường số (số nguyên hoặc số thập phân) nên không làm trọng số được: hãy chọn một trường số trong danh sách.
rtpl-error-max-len = Số kí tự tối đa “{ $value }” không hợp lệ: hãy nhập số nguyên từ 1 đến 100000, hoặc để trống.
rtpl-error-max-rows = Số hàng tối đa “{ $value }” không hợp lệ: hãy nhập số nguyên từ 1 đến { $max }.
rtpl-error-in-use = “{ $name }” đang được dùng { $use ->
    [rule] trong một quy tắc kiểm tra
    [indicator] trong một chỉ số tỉ lệ
   *[weight] làm trọng số của một tỉ lệ
}: hãy xoá hoặc sửa chỗ đó trước.
rtpl-error-gone = Phần đang sửa không còn trong mẫu (có thể đã bị xoá ở một cửa sổ khác): hãy xem lại mẫu bên dưới.
rtpl-error-op = Thao tác “{ $value }” không có: hãy dùng các nút trên trang.
rtpl-error-operand-missing = Chưa chọn đủ các mục: hãy chọn trong danh sách.
rtpl-error-operand = “{ $value }” không phải là mục số của mẫu: hãy chọn trong danh sách.
rtpl-error-operand-same = “{ $value }” được chọn ở cả hai vế: hãy chọn hai mục khác nhau.
rtpl-error-operand-tables = “{ $left }” và “{ $right }” là cột của hai bảng khác nhau nên không so từng hàng được: hãy chọn cột của cùng một bảng, hoặc dùng tổng cột.
rtpl-error-parts-empty = Quy tắc tổng chưa có mục nào để cộng: hãy đánh dấu ít nhất một mục.
rtpl-error-rule-kind = Loại quy tắc “{ $value }” không có: hãy chọn “Không vượt quá” hoặc “Tổng bằng”.
rtpl-error-rule-repeat = Quy tắc này đã có.
rtpl-error-definition = Định nghĩa mẫu không lưu được: hãy tải lại trang thiết kế và làm lại thao tác vừa rồi.
rtpl-def-too-many-fields = Mẫu có { $subject } trường, nhiều quá mức cho phép { $max }: hãy tách thành nhiều mẫu.
rtpl-def-too-many-rules = Mẫu có quá { $max } quy tắc và chỉ số: hãy bớt đi.
rtpl-def-bad-key = Khoá «{ $subject }» không hợp lệ: khoá chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, tối đa 40 kí tự.
rtpl-def-repeated-key = Khoá «{ $subject }» bị lặp lại: mỗi trường cần một khoá riêng.
rtpl-def-label-too-long = Nhãn hoặc tên ở «{ $subject }» dài quá { $max } kí tự: hãy rút gọn và đưa phần giải thích vào hướng dẫn.
rtpl-def-help-too-long = Hướng dẫn ở «{ $subject }» dài quá { $max } kí tự: hãy rút gọn.
rtpl-def-min-above-max = Ở «{ $subject }», giá trị nhỏ nhất lớn hơn giá trị lớn nhất: hãy đổi lại hai giới hạn.
rtpl-def-weight-not-number = Trọng số của tỉ lệ ({ $subject }) không phải trường số: hãy chọn một trường số nguyên hoặc số thập phân.
rtpl-def-no-options = Trường lựa chọn «{ $subject }» chưa có phương án nào: hãy thêm phương án.
rtpl-def-too-many-options = Trường «{ $subject }» có quá { $max } phương án: hãy bớt đi.
rtpl-def-no-columns = Bảng «{ $subject }» chưa có cột nào: hãy thêm cột.
rtpl-def-too-many-columns = Bảng «{ $subject }» có quá { $max } cột: hãy tách bảng.
rtpl-def-bad-column = Khoá cột «{ $subject }» không hợp lệ hoặc bị lặp: mỗi cột cần một khoá riêng gồm chữ cái không dấu, chữ số và dấu gạch dưới.
rtpl-def-bad-row = Khoá dòng «{ $subject }» không hợp lệ hoặc bị lặp: mỗi dòng cần một khoá riêng gồm chữ cái không dấu, chữ số và dấu gạch dưới.
rtpl-def-too-many-rows = Bảng «{ $subject }» có quá { $max } dòng cố định: hãy tách bảng.
rtpl-def-open-rows = Số dòng tối đa của bảng «{ $subject }» phải từ 1 đến { $max }.
rtpl-def-unknown-operand = Quy tắc hoặc chỉ số dùng «{ $subject }», không có trong mẫu: hãy chọn lại trường hoặc cột.
rtpl-def-operand-not-number = Quy tắc hoặc chỉ số dùng «{ $subject }», không phải số: chỉ so sánh và cộng được trường số hoặc cột số.
rtpl-error-json = Tệp không phải là định nghĩa mẫu báo cáo dạng JSON (lỗi ở dòng { $line }, cột { $column }): hãy chọn tệp tải về bằng nút “Tải định nghĩa (JSON)”.
rtpl-error-json-size = Tệp lớn quá { $max } MB: hãy chọn đúng tệp định nghĩa mẫu.
rtpl-error-no-file = Chưa chọn tệp: hãy chọn một tệp JSON rồi bấm “Nhập tệp”.
rtpl-error-archived = Mẫu này đã lưu trữ: hãy dùng lại mẫu trước khi tạo yêu cầu báo cáo.

rtpl-requests-title = Yêu cầu báo cáo
rtpl-requests-list-title = Yêu cầu báo cáo của { $owner }
rtpl-requests-back = ← Danh sách yêu cầu báo cáo
rtpl-requests-search = Tìm theo tiêu đề
rtpl-requests-count = { $count } yêu cầu
rtpl-requests-empty = Không có yêu cầu báo cáo nào.
rtpl-tab-all = Tất cả ({ $count })
rtpl-tab = { $status } ({ $count })
rtpl-period-all = Mọi loại kì
rtpl-notice-invalid-status = Trạng thái “{ $value }” không có; danh sách hiện mọi trạng thái.
rtpl-status-draft = Nháp
rtpl-status-published = Đang nhận báo cáo
rtpl-status-closed = Đã đóng
rtpl-period-school_year = Năm học
rtpl-period-semester = Học kì
rtpl-period-month = Tháng
rtpl-period-range = Khoảng ngày

rtpl-request-content = Nội dung yêu cầu
rtpl-request-title = Tiêu đề
rtpl-request-instructions = Hướng dẫn cho trường
rtpl-request-period = Kì báo cáo
rtpl-period-kind = Loại kì
rtpl-period-start = Từ ngày
rtpl-period-end = Đến ngày
rtpl-period-label = Tên kì
rtpl-period-label-help = Để trống để tự đặt theo loại kì và ngày, ví dụ “Học kì I năm học 2025-2026”.
rtpl-request-dates = Thời hạn
rtpl-request-dates-help = Giờ Việt Nam, 24 giờ. Báo cáo nộp trong phút hạn chót vẫn đúng hạn.
rtpl-opens-on = Ngày bắt đầu nhận
rtpl-deadline-date = Ngày hạn chót
rtpl-deadline-time = Giờ hạn chót
rtpl-deadline = Hạn chót
rtpl-audience-help = Chọn trường nhận giống như khi gửi văn bản chỉ đạo. Hiệu trưởng các trường được chọn điền và nộp báo cáo.
rtpl-save-draft = Lưu nháp
rtpl-request-edit = Sửa yêu cầu “{ $title }”
rtpl-request-sender = Đơn vị yêu cầu
rtpl-request-period-dates = Thời gian của kì
rtpl-request-template = { $name }, phiên bản { $version }
rtpl-request-template-label = Mẫu báo cáo
rtpl-published-at = Ban hành lúc
rtpl-closed-at = Đóng lúc
rtpl-edit = Sửa nháp
rtpl-publish = Ban hành…
rtpl-publish-confirm-title = Xác nhận ban hành
rtpl-publish-confirm = Yêu cầu sẽ được gửi tới { $count }. Hiệu trưởng nhận thông báo; sau khi ban hành không sửa được mẫu và đối tượng nhận.
rtpl-publish-now = Ban hành ngay
rtpl-delete = Xoá nháp
rtpl-delete-confirm = Xoá bản nháp này?
rtpl-close = Đóng yêu cầu
rtpl-close-confirm = Đóng yêu cầu? Các trường sẽ không nộp được nữa.
rtpl-extend = Gia hạn
rtpl-extend-button = Lưu hạn mới
rtpl-completeness = Tiến độ và duyệt báo cáo
rtpl-figures = Số liệu tổng hợp
rtpl-fill-for = Điền báo cáo cho { $school }
rtpl-schools = Số trường
rtpl-schools-total = { $count } trường
rtpl-by-commune = Theo xã, phường

rtpl-error-date-missing = Chưa nhập ngày: hãy chọn ngày theo dạng dd/mm/yyyy.
rtpl-error-date = Ngày “{ $value }” không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 15/01/2026.
rtpl-error-time = Giờ “{ $value }” không hợp lệ: hãy nhập theo dạng 24 giờ HH:MM, ví dụ 17:00.
rtpl-error-deadline-missing = Chưa có hạn chót: hãy chọn ngày (và giờ, mặc định 17:00).
rtpl-error-deadline-past = Hạn chót { $value } đã qua: hãy chọn thời điểm sau bây giờ.
rtpl-error-deadline-far = Hạn chót { $value } cách hơn một năm, có thể gõ nhầm năm: hãy kiểm tra lại.
rtpl-error-deadline-before-opening = Hạn chót { $value } không sau ngày bắt đầu nhận { $opens }: hãy lùi hạn chót hoặc sửa ngày bắt đầu.
rtpl-error-period-kind = Loại kì “{ $value }” không có: hãy chọn năm học, học kì, tháng hoặc khoảng ngày.
rtpl-error-period-order = Ngày bắt đầu kì { $start } sau ngày kết thúc { $end }: hãy đổi lại cho đúng thứ tự.
rtpl-error-remind = Số giờ nhắc trước hạn “{ $value }” không hợp lệ: hãy nhập số nguyên từ 1 đến { $max }; mặc định là { $default }.
rtpl-error-not-draft = Yêu cầu này đã ban hành nên không sửa, xoá hay ban hành lại được.
rtpl-error-not-published = Yêu cầu này không ở trạng thái đang nhận báo cáo.
rtpl-error-publish-deadline = Hạn chót { $value } đã qua: hãy sửa nháp với hạn mới trước khi ban hành.
rtpl-error-publish-no-school = Đối tượng nhận hiện không chọn được trường nào: hãy sửa nháp và chọn lại đối tượng.
rtpl-error-extend-earlier = Hạn mới { $value } không sau hạn hiện tại { $current }: gia hạn phải lùi hạn chót về sau.

rtpl-api-error-parameter = Tham số { $name } không hợp lệ: “{ $value }”. Hãy xem các giá trị được phép trong tài liệu OpenAPI.
rtpl-field-remind = Nhắc trước hạn (giờ)
rtpl-field-remind-help = Số giờ trước hạn để nhắc các trường chưa nộp, từ 1 đến 720; mặc định 48.
rtpl-error-name-taken = Đã có một mẫu đang dùng tên “{ $name }”: hãy đặt tên khác, ví dụ thêm năm học, hoặc lưu trữ mẫu cũ trước.
