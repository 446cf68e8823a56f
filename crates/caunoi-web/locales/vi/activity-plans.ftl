# Kế hoạch hoạt động chuyên môn của cụm theo học kỳ, và bảng tổng hợp của Sở.

plan-title = Kế hoạch hoạt động chuyên môn — { $cluster }
plan-lead = Học kỳ { $semester }, năm học { $year }.
plan-link-cluster = Kế hoạch hoạt động chuyên môn của cụm
plan-link-overview = Kế hoạch hoạt động chuyên môn của các cụm
plan-semester = Học kỳ
plan-semester-option = Học kỳ { $semester }
plan-show = Xem
plan-export = Tải về (.xlsx)
plan-empty = Cụm chưa có hoạt động nào trong kế hoạch học kỳ này.
plan-empty-month = Chưa có hoạt động nào.
plan-month = Tháng { $month }
plan-month-other = Tháng ngoài học kỳ
plan-counts = Dự kiến: { $planned } · Đã thực hiện: { $done } · Đã hủy: { $cancelled }
plan-done-share = Tỉ lệ đã thực hiện: { $percent }
plan-done-share-none = Chưa có hoạt động để tính tỉ lệ.
plan-done-share-help = Tỉ lệ tính trên các hoạt động chưa bị hủy.

plan-col-title = Hoạt động
plan-col-kind = Loại hoạt động
plan-col-subjects = Môn học
plan-col-status = Trạng thái
plan-col-activity = Hoạt động đã tổ chức
plan-col-actions = Thao tác
plan-col-month = Tháng
plan-col-activity-start = Bắt đầu
plan-col-note = Ghi chú

plan-status-planned = Dự kiến
plan-status-done = Đã thực hiện
plan-status-cancelled = Đã hủy

plan-kind-seminar = Hội thảo
plan-kind-thematic_workshop = Sinh hoạt chuyên đề
plan-kind-lesson_study = Nghiên cứu bài học
plan-kind-demonstration_lesson = Dạy minh họa
plan-kind-model_lesson = Tiết dạy mẫu
plan-kind-classroom_observation = Dự giờ
plan-kind-plc_meeting = Sinh hoạt cộng đồng học tập
plan-kind-experience_sharing = Trao đổi kinh nghiệm

plan-activity-on = { $title } ({ $date })
plan-activity-cancelled = đã hủy
plan-create-activity = Tạo hoạt động từ mục này
plan-edit = Sửa
plan-delete = Xóa
plan-mark-done = Đánh dấu đã thực hiện
plan-suggest-cancel = Hoạt động này đã bị hủy. Có hủy mục này trong kế hoạch không?
plan-cancel-item = Hủy mục trong kế hoạch

plan-add-heading = Thêm hoạt động vào kế hoạch
plan-add-submit = Thêm vào kế hoạch
plan-edit-heading = Sửa hoạt động trong kế hoạch
plan-edit-submit = Lưu thay đổi
plan-back = Quay lại kế hoạch
plan-field-title = Tên hoạt động
plan-field-kind = Loại hoạt động
plan-field-kind-choose = Chọn loại hoạt động
plan-field-subjects = Môn học
plan-field-subjects-help = Ngăn cách các môn bằng dấu phẩy, ví dụ: Toán, Tiếng Anh. Để trống nếu hoạt động dành cho mọi môn.
plan-field-month = Tháng dự kiến
plan-field-status = Trạng thái
plan-field-note = Ghi chú

plan-copy-heading = Chép từ học kỳ trước
plan-copy-help = Chép các hoạt động còn ở trạng thái «Dự kiến» của học kỳ trước vào kế hoạch này, vào tháng đầu của học kỳ. Hoạt động trùng tên đã có thì bỏ qua.
plan-copy-submit = Chép các hoạt động chưa thực hiện
plan-copied = Đã chép { $count } hoạt động từ học kỳ trước. Hãy sửa tháng dự kiến cho từng hoạt động.
plan-copied-none = Không có hoạt động nào để chép: học kỳ trước không còn hoạt động dự kiến chưa thực hiện, hoặc các hoạt động đó đã có trong kế hoạch này.
plan-copied-missing = Cụm chưa có kế hoạch của học kỳ trước để chép.

plan-notice-invalid-semester = Không có học kỳ «{ $value }». Đang hiển thị học kỳ { $semester }; hãy chọn học kỳ I hoặc II.
plan-notice-other-year = Cụm này thuộc năm học { $year }, nên trang hiển thị kế hoạch năm học { $year } thay cho «{ $value }». Kế hoạch của năm học khác nằm ở cụm của năm học đó.

plan-error-title-missing = Hãy nhập tên hoạt động.
plan-error-title-long = Tên hoạt động dài { $count } ký tự; hãy rút gọn còn tối đa { $max } ký tự.
plan-error-kind = Loại hoạt động «{ $value }» không có trong danh sách; hãy chọn một loại trong danh sách.
plan-error-subjects = Môn học «{ $value }» dài quá { $max } ký tự; hãy ghi tên môn ngắn gọn, ngăn cách bằng dấu phẩy.
plan-error-subjects-many = Có { $count } môn học; hãy ghi tối đa { $max } môn.
plan-error-month-missing = Hãy chọn tháng dự kiến tổ chức.
plan-error-month-invalid = «{ $value }» không phải là một tháng; hãy ghi theo dạng tháng/năm, ví dụ 10/2026.
plan-error-month-outside = Tháng { $month } không thuộc học kỳ { $semester } năm học { $year } (từ tháng { $first } đến tháng { $last }); hãy chọn một tháng trong học kỳ.
plan-error-status = Trạng thái «{ $value }» không hợp lệ; hãy chọn Dự kiến, Đã thực hiện hoặc Đã hủy.
plan-error-note-long = Ghi chú dài { $count } ký tự; hãy rút gọn còn tối đa { $max } ký tự.
plan-error-semester = Học kỳ «{ $value }» không hợp lệ; hãy ghi 1 hoặc 2.
plan-api-error-semester = Tham số «{ $name }» có giá trị «{ $value }», không phải là học kỳ; hãy ghi 1 hoặc 2.
plan-error-not-ended = Hoạt động gắn với mục này chưa diễn ra xong hoặc đã bị hủy, nên chưa thể đánh dấu mục là đã thực hiện. Hãy đợi hoạt động kết thúc, hoặc sửa trạng thái của mục.
plan-error-no-plan = Cụm chưa có kế hoạch của học kỳ { $semester } năm học { $year }.

plan-overview-title = Kế hoạch hoạt động chuyên môn của các cụm
plan-overview-lead = Học kỳ { $semester }, năm học { $year }: số hoạt động theo trạng thái trong kế hoạch của mỗi cụm.
plan-overview-col-cluster = Cụm
plan-overview-col-planned = Dự kiến
plan-overview-col-done = Đã thực hiện
plan-overview-col-cancelled = Đã hủy
plan-overview-col-share = Tỉ lệ đã thực hiện
plan-overview-total = Toàn tỉnh, thành phố
plan-overview-no-plan = Chưa lập kế hoạch
plan-overview-empty = Năm học { $year } chưa có cụm chuyên môn nào.
plan-overview-year = Năm học

plan-xlsx-sheet = Kế hoạch
