; The uninstaller keeps the counter's data (database, attachments, keys) unless the person
; uninstalling asks for it to go: a question whose default is No, never during an update or a
; silent uninstall. `Uninstall.exe --delete-app-data` (electron-builder's switch) also removes it.
!macro customUnInstall
  ${ifNot} ${isUpdated}
  ${andIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除本机的办件数据（数据库、附件和密钥）？$\r$\n选择“否”将保留数据，重新安装后可继续使用。删除后无法恢复，请先备份。" IDNO keepData
      SetShellVarContext current
      RMDir /r "$APPDATA\counter-desk"
      SetShellVarContext all
    keepData:
  ${endIf}
!macroend
