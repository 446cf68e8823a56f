# Bảng theo dõi của Sở và của cụm chuyên môn.

dash-nav = Bảng theo dõi
dash-heading-province = Bảng theo dõi — { $province }
dash-heading-cluster = Bảng theo dõi cụm { $cluster }
dash-lead = Tỉ lệ xác nhận văn bản, tiến độ nộp báo cáo, kiến nghị đang mở và các hạn sắp tới, theo cụm của năm học { $year }. Số liệu tự cập nhật khi có thay đổi.
dash-lead-narrowed = Chỉ gồm các cụm, xã, phường bạn phụ trách (năm học { $year }). Số liệu tự cập nhật khi có thay đổi.
dash-link-cluster = Bảng theo dõi của cụm
dash-updated = Số liệu lúc { $time }.
dash-live-updated = Số liệu vừa được cập nhật.
dash-total = Toàn bộ
dash-no-cluster = Không thuộc cụm nào
dash-notice-invalid-indicator = Không có chỉ số «{ $value }» để tô màu bản đồ. Bản đồ đang hiển thị tỉ lệ xác nhận văn bản; hãy chọn một chỉ số trong danh sách.

dash-indicator-label = Tô màu bản đồ theo
dash-indicator-apply = Xem
dash-indicator-ack = Tỉ lệ xác nhận văn bản
dash-indicator-reports = Tỉ lệ nộp báo cáo
dash-indicator-requests = Số kiến nghị đang mở

dash-card-ack = Xác nhận văn bản
dash-card-ack-detail = { $acknowledged }/{ $recipients } lượt trường đã xác nhận; { $overdue } lượt quá hạn.
dash-card-reports = Nộp báo cáo
dash-card-reports-detail = Trên { $total } lượt trường phải nộp.
dash-card-requests = Kiến nghị đang mở
dash-card-requests-detail = { $count } kiến nghị mở quá 7 ngày.
dash-card-deadlines = Hạn trong 14 ngày tới

dash-ack-heading = Tỉ lệ xác nhận văn bản theo cụm
dash-ack-description = Thanh ngang cho mỗi cụm: phần trăm lượt trường đã xác nhận trên tổng số lượt trường nhận các văn bản đang hiệu lực. Số liệu có trong bảng bên dưới.
dash-completeness-heading = Tiến độ nộp báo cáo theo cụm
dash-completeness-description = Mỗi cụm một thanh chia theo tình trạng: chưa bắt đầu, đang soạn, nộp đúng hạn, nộp muộn, bị trả lại, đã duyệt. Số liệu có trong bảng bên dưới.
dash-completeness-total = Đã nộp { $submitted }/{ $total } ({ $rate })
dash-completeness-not_started = Chưa bắt đầu
dash-completeness-draft = Đang soạn
dash-completeness-on_time = Nộp đúng hạn
dash-completeness-late = Nộp muộn
dash-completeness-returned = Bị trả lại
dash-completeness-accepted = Đã duyệt
dash-requests-heading = Kiến nghị đang mở theo cụm
dash-requests-description = Thanh ngang cho mỗi cụm: số kiến nghị của trường đang mở hoặc đang xử lý. Thời gian chờ có trong bảng bên dưới.
dash-age-days = { $days } ngày

dash-deadlines-heading = Hạn sắp tới (14 ngày)
dash-deadlines-none = Không có hạn xác nhận văn bản hay hạn nộp báo cáo nào trong 14 ngày tới.
dash-deadline-kind-directive = Xác nhận văn bản
dash-deadline-kind-report = Nộp báo cáo

dash-map-heading-ack = Bản đồ tỉ lệ xác nhận văn bản theo xã, phường
dash-map-heading-reports = Bản đồ tỉ lệ nộp báo cáo theo xã, phường
dash-map-heading-requests = Bản đồ số kiến nghị đang mở theo xã, phường
dash-map-description = Mỗi xã, phường tô màu theo chỉ số đã chọn, màu đậm là giá trị cao. Số liệu có trong bảng dưới bản đồ.
dash-map-no-data = Chưa có số liệu
dash-map-table-summary = Bảng số liệu theo xã, phường

dash-col-cluster = Cụm
dash-col-commune = Xã, phường
dash-col-recipients = Lượt trường nhận
dash-col-acknowledged = Đã xác nhận
dash-col-rate = Tỉ lệ
dash-col-ack-rate = Tỉ lệ xác nhận
dash-col-overdue = Quá hạn
dash-col-total = Tổng
dash-col-submitted-rate = Tỉ lệ đã nộp
dash-col-open = Đang mở
dash-col-under-3 = Dưới 3 ngày
dash-col-3-to-7 = 3–7 ngày
dash-col-over-7 = Trên 7 ngày
dash-col-oldest = Lâu nhất
dash-col-deadline = Hạn
dash-col-kind = Loại
dash-col-title = Nội dung
dash-col-owing = Chưa hoàn thành
