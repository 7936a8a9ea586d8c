module wx/pion_viewers

go 1.19
